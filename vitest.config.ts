import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI end-to-end tests spawn bin/dust-skills.js, which runs the committed dist/; test/ship/check-dist.test.ts
    // (and `npm run check-dist`, before vitest in `npm test`) fails when dist/ is not a fresh build of src/.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
