import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts"],
    environment: "node",
    // Integration files each build their own databases; argon2 hashing is CPU-bound.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
