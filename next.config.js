/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons, esbuild's binary and Prisma's engine files load from node_modules at run time, not from the bundle (pg-boss too,
  // with the one pg driver).
  serverExternalPackages: ["better-sqlite3", "esbuild", "@node-rs/argon2", "sharp", "audio-decode", "@audio/decode", "file-type", "busboy", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "pg-boss"],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
