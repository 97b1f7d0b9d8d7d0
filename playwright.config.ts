import { defineConfig } from '@playwright/test';
import { BASE_FLAGS, chromiumPath, WEBGPU_FLAGS } from './e2e/chromium';

const executablePath = chromiumPath();
const PORT = Number(process.env.E2E_PORT ?? 4174);

export default defineConfig({
  testDir: 'e2e',
  // Bounds for a slow, busy machine (2 cores shared, SwiftShader): every test waits for the state it asserts, never
  // for time, so a fast machine finishes as soon as it gets there and only a hang meets these limits.
  timeout: 600_000,
  expect: { timeout: 120_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    screenshot: 'on',
    // Recording a trace costs about a quarter of the suite's CPU, failing or not (bench/README.md → CI time): rerun a failure with --trace on.
    trace: 'off',
    viewport: { width: 1400, height: 900 },
  },
  projects: [
    // Only tests whose outcome depends on the browser's GPU backend run twice: @gpu ones (webgpu here, webgl in no-webgpu) and @webgpu ones.
    // Every other test trains on wasm in either browser, so the no-webgpu project runs it once.
    { name: 'webgpu', grep: /@gpu|@webgpu/, use: { launchOptions: { executablePath, args: [...BASE_FLAGS, ...WEBGPU_FLAGS] } } },
    // Tests tagged @webgpu need an adapter: this project has none, so it does not list them.
    { name: 'no-webgpu', grepInvert: /@webgpu/, use: { launchOptions: { executablePath, args: BASE_FLAGS } } },
  ],
  // The production build, served as users get it (npm run test:e2e builds first).
  webServer: {
    command: `npx vite preview --configLoader runner --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
