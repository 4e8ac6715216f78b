import test from 'ava';
import { maskSecrets } from './mask-secrets.ts';

test('a password inside a url (the Redis url of server.state) is masked; the rest of the url is shown', (t) => {
  t.deepEqual(maskSecrets({ state: { url: 'redis://default:s3cret@redis:6379/0', keyPrefix: 'a:' } }), {
    state: { url: 'redis://default:***@redis:6379/0', keyPrefix: 'a:' },
  });
  t.is(maskSecrets('rediss://:s3cret@host:6380'), 'rediss://:***@host:6380');
  t.is(maskSecrets('redis://host:6379'), 'redis://host:6379');
  t.is(maskSecrets('https://example.com/a:b@c'), 'https://example.com/a:b@c', 'an @ after the path is not a password');
});
