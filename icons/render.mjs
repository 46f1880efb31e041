#!/usr/bin/env node
// `npm run icons`: renders icons/overlap.svg to the PNG sizes the stores and toolbars use, into
// public/icon/, where WXT finds them for the manifest. The PNGs are committed, so a build never
// needs this step.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const svg = readFileSync(new URL('overlap.svg', import.meta.url), 'utf8');
const outDir = new URL('../public/icon/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(new URL(`${size}.png`, outDir), png);
  console.log(`public/icon/${size}.png: ${png.length} bytes`);
}
