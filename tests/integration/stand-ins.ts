import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox } from '@/tests/sandbox/start';

/**
 * Starts the stand-ins once for the test file that calls this and stops them after its last test.
 * `use` receives them when they are up, so the file keeps its own `sandbox` variable.
 */
export function withStandIns(options: Parameters<typeof startSandbox>[0], use: (sandbox: Sandbox) => void): void {
  let started: Sandbox | undefined;
  beforeAll(async () => {
    started = await startSandbox(options);
    use(started);
  });
  afterAll(async () => {
    await started?.stop();
  });
}
