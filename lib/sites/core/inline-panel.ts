import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createIframeUi, type IframeContentScriptUi } from 'wxt/utils/content-script-ui/iframe';
import { panelPath, parsePanelRequest, type PanelReply } from './channel';
import type { HealthProblem, SiteAdapter, SiteForm, SiteText } from './types';

/** What the content script needs from the extension; the entrypoint binds these to the browser. */
export interface InlinePanelPorts {
  /** Answers requests from Overlap's panel pages (the entrypoint has checked the sender). */
  onPanelRequest(handler: (request: unknown) => Promise<PanelReply | undefined>): void;
  /** Tells the background whether this page's adapter works (a non-privileged report). */
  reportHealth(report: { state: 'ok' } | ({ state: 'unavailable' } & HealthProblem)): void;
  /** The launcher's and panel's words, in the browser's language. */
  text: SiteText;
}

/** A change seen by the observer is handled this long after the last one, so a burst costs one scan. */
const MUTATION_DEBOUNCE_MS = 60;
/** The safety sweep: catches what the narrow observer cannot see (a replaced root) and notices an extension reload. */
const SWEEP_MS = 2_000;
/** Anchors missing for this long (a slow page mid-render is not a redesign) switch the adapter off. */
const BROKEN_GRACE_MS = 3_000;

interface MountedForm {
  id: string;
  form: SiteForm;
  launcher: HTMLButtonElement;
  panel?: IframeContentScriptUi<void>;
}

function makeLauncher(site: SiteAdapter['site'], text: SiteText, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.overlapLauncher = site;
  button.textContent = text('site_launcher');
  button.setAttribute('aria-label', text('site_launcherLabel'));
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText = 'margin:0 8px;padding:6px 12px;border:1px solid #747775;border-radius:16px;background:#fff;font:500 14px system-ui';
  button.addEventListener('click', onClick);
  return button;
}

/**
 * Runs one site's inline panel in a page: watches for forms, gives each a launcher and, on
 * demand, its own panel iframe bound to it, answers that panel's requests, and switches itself
 * off (and says so) when the page no longer has the anchors the adapter knows. Every observer,
 * listener and timer is tied to `ctx`, so an extension reload or update leaves nothing behind.
 */
export function startInlinePanel(ctx: ContentScriptContext, adapter: SiteAdapter, ports: InlinePanelPorts): { scan(): void } {
  const mounted = new Map<Element, MountedForm>();
  let disabled = false;
  let reportedOk = false;
  let brokenSince: number | undefined;
  let observedRoot: Node | undefined;
  let pendingScan: number | undefined;
  let recheckPending = false;

  const observer = new MutationObserver(() => {
    if (pendingScan !== undefined) return;
    pendingScan = ctx.setTimeout(() => {
      pendingScan = undefined;
      scan();
    }, MUTATION_DEBOUNCE_MS);
  });

  function closePanel(entry: MountedForm, restoreFocus: boolean): void {
    entry.panel?.remove();
    entry.panel = undefined;
    entry.launcher.setAttribute('aria-expanded', 'false');
    if (restoreFocus) entry.launcher.focus();
  }

  function openPanel(entry: MountedForm): void {
    const panel = createIframeUi<void>(ctx, {
      page: panelPath(adapter.site, entry.id) as '/panel.html',
      position: 'inline',
      anchor: 'body',
      onMount(wrapper, iframe) {
        wrapper.dataset.overlapPanel = adapter.site;
        wrapper.style.cssText = 'position:fixed;top:72px;right:16px;z-index:2147483000;width:400px;height:calc(100vh - 96px);box-shadow:0 4px 24px #0004;border-radius:12px;overflow:hidden';
        iframe.title = ports.text('site_panelTitle');
        // The clipboard fallback runs inside the panel, which needs the host's leave to write.
        iframe.allow = 'clipboard-write';
        iframe.style.cssText = 'border:0;width:100%;height:100%';
        iframe.addEventListener('load', () => iframe.focus(), { once: true });
      },
    });
    panel.mount();
    entry.panel = panel;
    entry.launcher.setAttribute('aria-expanded', 'true');
  }

  function unmount(root: Element): void {
    const entry = mounted.get(root);
    if (!entry) return;
    closePanel(entry, false);
    entry.launcher.remove();
    mounted.delete(root);
  }

  function disable(problem: HealthProblem): void {
    disabled = true;
    observer.disconnect();
    for (const root of [...mounted.keys()]) unmount(root);
    ports.reportHealth({ state: 'unavailable', ...problem });
  }

  function reconcile(forms: SiteForm[]): void {
    const present = new Set(forms.map((form) => form.root));
    for (const root of [...mounted.keys()]) if (!present.has(root) || !root.isConnected) unmount(root);
    for (const form of forms) {
      const entry = mounted.get(form.root);
      if (entry) {
        // Fields may have been re-rendered: keep the freshest handles, and put back a launcher the page removed.
        entry.form = form;
        if (!entry.launcher.isConnected) form.launcherAnchor.after(entry.launcher);
        continue;
      }
      const created: MountedForm = { id: crypto.randomUUID(), form, launcher: makeLauncher(adapter.site, ports.text, () => (created.panel ? closePanel(created, true) : openPanel(created))) };
      form.launcherAnchor.after(created.launcher);
      mounted.set(form.root, created);
    }
    if (forms.length && !reportedOk) {
      reportedOk = true;
      ports.reportHealth({ state: 'ok' });
    }
  }

  function watch(): void {
    const root = adapter.observationRoot(document);
    if (root === observedRoot) return;
    observer.disconnect();
    observer.observe(root, { childList: true, subtree: true });
    observedRoot = root;
  }

  function scan(): void {
    if (disabled || ctx.isInvalid) return;
    watch();
    const detection = adapter.detect(document);
    if (detection.kind === 'forms') {
      brokenSince = undefined;
      reconcile(detection.forms);
      return;
    }
    brokenSince ??= Date.now();
    if (Date.now() - brokenSince >= BROKEN_GRACE_MS) disable(detection.problem);
    else if (!recheckPending) {
      recheckPending = true;
      ctx.setTimeout(() => {
        recheckPending = false;
        scan();
      }, BROKEN_GRACE_MS);
    }
  }

  function entryById(formId: string): MountedForm | undefined {
    scan();
    return [...mounted.values()].find((entry) => entry.id === formId);
  }

  ports.onPanelRequest(async (raw) => {
    const request = parsePanelRequest(raw);
    if (!request) return { ok: false, reason: 'invalid-request' };
    const entry = entryById(request.formId);
    if (!entry) return { ok: false, reason: 'form-gone' };
    switch (request.overlapPanel) {
      case 'context':
        return { ok: true, site: adapter.site, draft: entry.form.readDraft(), origin: location.origin };
      case 'apply':
        return { ok: true, outcome: await entry.form.apply(request.write) };
      case 'close':
        closePanel(entry, true);
        return { ok: true };
      case 'insert':
        if (!entry.form.insert) return { ok: false, reason: 'invalid-request' };
        return { ok: true, inserted: await entry.form.insert(request.block) };
    }
  });

  ctx.addEventListener(window, 'wxt:locationchange', scan);
  ctx.setInterval(scan, SWEEP_MS);
  ctx.onInvalidated(() => {
    observer.disconnect();
    for (const root of [...mounted.keys()]) unmount(root);
  });
  scan();
  return { scan };
}
