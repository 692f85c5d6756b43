import { defineConfig } from 'vitest/config';

// One runner, several projects: the engine's unit tests run alone with `npm run test:unit`.
//   core          packages/core/test: the numerical engine.
//   charts        tests/charts: chart functions, snapshot-tested (`--project charts -u` updates snapshots).
//   claims        tests/claims: every number a lesson states, checked against the engine and closed forms.
//   lab           tests/lab: the Lab's state, its computations (against the engine and closed forms), diagnosis.
//   site          tests/site: content schema, Markdown plugins, components (Astro container API).
//   playground    tests/playground: the playground's runtime, build-time runner and component.
//   e2e           tests/e2e, tests/a11y, tests/links against the BUILT site (env GRADSCOPE_DIST, default dist),
//                 served on 127.0.0.1 and driven with Chromium; run `npm run build` first (npm test does).
//   e2e-fixtures  the same suites against the site built from tests/site/fixtures/content
//                 (`node tests/support/build-fixture-site.ts`), which exercises every feature of the layout,
//                 plus the lesson components' suites (tests/e2e/components-*), which need the fixture lessons.
const browserSuites = ['tests/e2e/**/*.test.ts', 'tests/a11y/**/*.test.ts', 'tests/links/**/*.test.ts'];
// Suites written against the fixture lessons: every lesson component with known props and answers.
const fixtureSuites = ['tests/e2e/components-*.test.ts'];
// The playground suites drive the real lessons' examples; the site's own suites run against both builds.
const siteSuites = ['tests/e2e/site*.test.ts', 'tests/a11y/**/*.test.ts', 'tests/links/**/*.test.ts'];
const browserOptions = {
  environment: 'node' as const,
  globalSetup: ['tests/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // A busy CI machine runs several Chromiums at once: give polled assertions time.
  expect: { poll: { timeout: 10_000 } },
  // Each file starts its own Chromium; a few at a time keeps a CI machine responsive.
  maxWorkers: 3,
  // In CI only, a browser test gets one more try: three Chromiums on two cores occasionally lose a timing race
  // (two such races were found and fixed in the tests themselves). Locally there is no retry, so a flaky test
  // shows up where it can be fixed; a test that fails twice still fails CI.
  retry: process.env.CI ? 1 : 0,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['packages/core/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      { test: { name: 'charts', include: ['tests/charts/**/*.test.ts'], environment: 'node' } },
      // A claims test recomputes a lesson's numbers independently (training loops, Monte Carlo): seconds of CPU that
      // stretch when the whole suite runs at once on two cores.
      {
        test: {
          name: 'claims',
          include: ['tests/claims/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      { test: { name: 'lab', include: ['tests/lab/**/*.test.ts'], environment: 'node' } },
      'tests/site/vitest.config.ts',
      'tests/playground/vitest.config.ts',
      { test: { name: 'e2e', include: browserSuites, exclude: fixtureSuites, ...browserOptions } },
      {
        test: {
          name: 'e2e-fixtures',
          include: [...siteSuites, ...fixtureSuites],
          ...browserOptions,
          env: { GRADSCOPE_DIST: process.env.GRADSCOPE_FIXTURES_DIST ?? 'test-results/site-fixtures/dist' },
        },
      },
    ],
  },
});
