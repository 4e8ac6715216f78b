import test from 'ava';
import { imageInputTokens, imageOutputTokens, imagesUsage } from './image-usage.ts';

test('input images cost 65 tokens and 129 a tile, after fitting 2048×2048 and a 512 shorter side', (t) => {
  t.is(imageInputTokens({ width: 256, height: 256 }), 65 + 129);
  t.is(imageInputTokens({ width: 1024, height: 1024 }), 65 + 129);
  // 1536×1024 → 768×512: two tiles
  t.is(imageInputTokens({ width: 1536, height: 1024 }), 65 + 2 * 129);
  // 4096×1024 → 2048×512: four tiles
  t.is(imageInputTokens({ width: 4096, height: 1024 }), 65 + 4 * 129);
});

test('output tokens follow the quality and shape table, and scale by area for other sizes', (t) => {
  t.is(imageOutputTokens({ width: 1024, height: 1024 }, 'low'), 272);
  t.is(imageOutputTokens({ width: 1024, height: 1024 }, 'auto'), 1056);
  t.is(imageOutputTokens({ width: 1536, height: 1024 }, 'high'), 6208);
  t.is(imageOutputTokens({ width: 1024, height: 1536 }, undefined), 1584);
  t.is(imageOutputTokens({ width: 512, height: 512 }, 'low'), 68);
});

test('usage adds text and image tokens in, n images out', (t) => {
  t.deepEqual(
    imagesUsage({ textTokens: 7, inputImages: [{ width: 1024, height: 1024 }], size: { width: 1024, height: 1024 }, quality: 'low', n: 3 }),
    {
      total_tokens: 7 + 194 + 816,
      input_tokens: 201,
      output_tokens: 816,
      input_tokens_details: { text_tokens: 7, image_tokens: 194 },
    },
  );
});
