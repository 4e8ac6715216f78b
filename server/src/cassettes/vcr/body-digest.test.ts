import test from 'ava';
import { bodyDigest } from './body-digest.ts';

// Reference digests computed by aoai-api-simulator's own hash_body (record_replay/models.py, Python 3).

test('a JSON body: MD5 of its bytes as sent, as aoai-api-simulator computes it', (t) => {
  t.is(bodyDigest('application/json', Buffer.from('{"messages":[{"role":"user","content":"hi"}]}')), '932be87e38c317c9a285f3ec5eb808ef');
});

test('a multipart body: the boundary replaced at the start and after each newline, so any boundary gives the digest', (t) => {
  const form = (boundary: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper\r\n--${boundary}\r\n` +
        `Content-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\nRIFF\n--${boundary}x\r\n--${boundary}--\r\n`,
    );
  t.is(bodyDigest('multipart/form-data; boundary=abc123', form('abc123')), '22aa20074d0cc3692a62bd3fa64ca3f3');
  t.is(bodyDigest('multipart/form-data; boundary=zzz999', form('zzz999')), '22aa20074d0cc3692a62bd3fa64ca3f3');
  t.not(bodyDigest('application/octet-stream', form('zzz999')), '22aa20074d0cc3692a62bd3fa64ca3f3', 'only a multipart body is normalised');
});
