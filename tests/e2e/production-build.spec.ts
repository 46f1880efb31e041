import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** `npm test` builds the production flavour before this suite. */
const productionDir = path.resolve('.output/chrome-mv3');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test.describe('the production build', () => {
  test('asks only for the permissions and hosts Overlap uses, each justified in the README', () => {
    const manifest = JSON.parse(readFileSync(path.join(productionDir, 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toEqual(['identity', 'storage', 'offscreen']);
    expect(manifest.host_permissions).toEqual([
      'https://www.googleapis.com/*',
      'https://meet.googleapis.com/*',
      'https://oauth2.googleapis.com/*',
      'https://graph.microsoft.com/*',
      'https://login.microsoftonline.com/*',
    ]);
    expect(manifest.optional_permissions).toBeUndefined();
    // The inline panel: one content script per host site, each on its own hosts only, and the panel page they may frame, for those origins alone.
    // WXT sorts each script's matches, so they are compared sorted.
    const outlookHosts = ['https://outlook.live.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*'];
    const scriptsByName = Object.fromEntries((manifest.content_scripts as { js: string[] }[]).map((script) => [script.js.join(), script]));
    expect(Object.keys(scriptsByName).sort()).toEqual(['content-scripts/gcal.js', 'content-scripts/gmail.js', 'content-scripts/outlook.js']);
    expect(scriptsByName['content-scripts/gcal.js']).toEqual({ matches: ['https://calendar.google.com/*'], run_at: 'document_idle', js: ['content-scripts/gcal.js'] });
    expect(scriptsByName['content-scripts/gmail.js']).toEqual({ matches: ['https://mail.google.com/*'], run_at: 'document_idle', js: ['content-scripts/gmail.js'] });
    expect(scriptsByName['content-scripts/outlook.js']).toEqual({ matches: outlookHosts, run_at: 'document_idle', js: ['content-scripts/outlook.js'] });
    const panelHosts = (manifest.content_scripts as { matches: string[] }[]).flatMap((script) => script.matches).sort();
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['panel.html'], matches: expect.any(Array), use_dynamic_url: true }]);
    expect([...manifest.web_accessible_resources[0].matches].sort()).toEqual(panelHosts);
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
    const readme = readFileSync('README.md', 'utf8');
    for (const entry of [...manifest.permissions, ...manifest.host_permissions]) expect(readme).toContain(`\`${entry}\``);
  });

  test('contains no loopback endpoint or sandbox setting in any file', () => {
    const offenders = filesUnder(productionDir).filter((file) => /127\.0\.0\.1|localhost|overlapsandbox|pkcodgkijfojifnkmbgokhdfdjdelnlf/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  test('keeps the token vault in the background: no page, offscreen document or other chunk contains it', () => {
    // The vault's storage key stands for the module: it appears wherever the module is bundled.
    const vaultMarker = 'overlap.tokens';
    const scripts = filesUnder(productionDir).filter((file) => file.endsWith('.js'));
    const holders = scripts.filter((file) => readFileSync(file, 'utf8').includes(vaultMarker)).map((file) => path.relative(productionDir, file));
    expect(holders).toEqual(['background.js']);
    expect(scripts.some((file) => /popup/.test(file))).toBe(true);
    expect(scripts.some((file) => /permissions/.test(file))).toBe(true);
  });
});
