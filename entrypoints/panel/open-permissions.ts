import { browser } from 'wxt/browser';

/** Where a panel's "reconnect" remedies lead: the permissions page, in a tab of its own. */
export function openPermissionsPage() {
  void browser.tabs.create({ url: browser.runtime.getURL('/permissions.html') });
}
