import { defineConfig } from 'vitest/config';

// One runner, several projects: the engine's unit tests run alone with `npm run test:unit`.
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
    ],
  },
});
