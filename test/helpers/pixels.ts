/** Variance of the grey level over a PNG's pixels (0 for a blank image), for chart tests. */
import { createCanvas, loadImage } from '@napi-rs/canvas';

export async function pixelVariance(png: Buffer): Promise<{ variance: number; width: number; nonWhite: number }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let sum = 0;
  let sumSq = 0;
  let nonWhite = 0;
  const n = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    const grey = (data[i] + data[i + 1] + data[i + 2]) / 3;
    sum += grey;
    sumSq += grey * grey;
    if (grey < 250) nonWhite++;
  }
  const mean = sum / n;
  return { variance: sumSq / n - mean * mean, width: image.width, nonWhite };
}
