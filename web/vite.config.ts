import { defineConfig } from "vite";

// The UI is served by `vafa serve` from web/dist; during development
// `npm run dev` proxies the API to a running server (VAFA_URL).
export default defineConfig({
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { "/api": process.env.VAFA_URL ?? "http://127.0.0.1:8080" },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
