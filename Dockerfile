# chibo as deployed: the TypeScript sources run through tsx, as `npm start` does.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    TZ=UTC \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/var

WORKDIR /app

# Dependencies first, so that a change of source does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY migrations ./migrations
COPY src ./src

# Without DATABASE_URL the embedded PostgreSQL keeps its data here; the app runs as the image's `node` user.
RUN mkdir -p /app/var && chown node:node /app/var
USER node

EXPOSE 3000

# The slim image has no curl: Node's own fetch asks /healthz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The same program as `npm start` (tsx src/server.ts), but without npm in between: npm does not pass
# SIGTERM on to its child, so `docker stop` would kill the server without draining its requests.
CMD ["node", "--import", "tsx", "src/server.ts"]
