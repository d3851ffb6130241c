// Production server: Express in front of the Remix build, so that security headers (CSP with a
// per-request nonce), compression, the origin check for state-changing requests and static
// caching apply to every response, not only to documents.
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";

const BUILD_PATH = path.resolve("build/index.js");
const build = await import(BUILD_PATH);
const app = express();
app.disable("x-powered-by");
// Behind a proxy only when told so: otherwise X-Forwarded-For could be forged to dodge rate limits.
app.set("trust proxy", process.env.TRUST_PROXY === "true");

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:", ...(process.env.S3_PUBLIC_ORIGIN ? [process.env.S3_PUBLIC_ORIGIN] : [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        ...(process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "true"
          ? { "upgrade-insecure-requests": [] }
          : {}),
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    // HSTS only makes sense behind TLS; the embedded default serves plain http on localhost.
    strictTransportSecurity: process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "true",
  }),
);

// State changes come only by POST (and friends) from our own pages: refuse cross-site origins.
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const origin = req.get("origin") ?? req.get("referer");
  const host = req.get("host");
  if (!origin) return next(); // non-browser clients; SameSite=Lax cookies keep them unauthenticated cross-site
  try {
    if (new URL(origin).host === host) return next();
  } catch {
    /* fall through */
  }
  res.status(403).type("text/plain").send("Cross-origin request refused");
});

// Resumable film uploads (tus, app/films/tus.server.ts) stream to storage with their own size limit
// (MAX_UPLOAD_BYTES), so they are served before the general body limit. GET is not part of the
// upload protocol here: films are served by the media routes.
const { handleTus, TUS_PATH } = build.entry.module;
const tus = (req, res, next) => (req.method === "GET" ? res.status(405).end() : handleTus(req, res).catch(next));
app.all(TUS_PATH, tus);
app.all(`${TUS_PATH}/:id`, tus);

// Bodies are read into memory by form parsing: refuse anything larger than the biggest photo upload
// before a byte is read, and chunked bodies of unknown length.
const MAX_BODY_BYTES = Number(process.env.MAX_BODY_BYTES || 20 * 1024 * 1024);
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const length = req.get("content-length");
  if (length === undefined && req.get("transfer-encoding")) return res.status(411).type("text/plain").send("Length Required");
  if (Number(length) > MAX_BODY_BYTES) return res.status(413).type("text/plain").send("Payload Too Large");
  next();
});

app.use(compression());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip }),
  }),
);

const port = Number(process.env.PORT || 3000);
const server = app.listen(port, () => {
  console.log(`Vägval listening on http://localhost:${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
