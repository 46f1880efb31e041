import { defineConfig } from 'wxt';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Overlap',
    description: 'Find mutual free time and book meetings, with the fewest permissions.',
    action: { default_title: 'Overlap: find a time' },
  },
});
