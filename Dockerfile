# aoai-sim image: the server bundled into one JavaScript file, production dependencies and the default scenarios
# on Node 24.
# Build: docker build --network host -t aoai-sim:dev .
# Run:   docker run -p 8080:8080 -v "$PWD/scenarios:/scenarios" aoai-sim:dev
#        (/scenarios/scenarios.yaml is used when it exists, includes resolving inside the mount; otherwise the
#        embedded default. Env: AOAI_SIM_PORT, AOAI_SIM_API_KEY, AOAI_SIM_ADMIN_KEY, AOAI_SIM_MODE,
#        AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY, LOG_LEVEL.)

FROM node:24-bookworm-slim AS build
WORKDIR /app
# dependency layers first, so a source change does not reinstall them
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY schema schema
COPY server server
# one CommonJS file (server/bundle/build.ts): Node loads one file instead of ~1,250 modules at each start
RUN node server/bundle/build.ts && npm run build:ui --workspace server

FROM node:24-bookworm-slim AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --omit=dev --workspace server --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    AOAI_SIM_SCENARIOS_DIR=/scenarios \
    LOG_FORMAT=json \
    NODE_COMPILE_CACHE=/app/.node-compile-cache
WORKDIR /app
COPY --from=production-deps /app/node_modules node_modules
COPY server/package.json server/
# the bundle leaves a few packages to node_modules: tiktoken (its .wasm and encodings are read from it) and what
# loads on first use only (ioredis, ws, selfsigned)
COPY --from=build /app/server/dist/aoai-sim.cjs /app/server/dist/aoai-sim.cjs.map server/dist/
COPY --from=build /app/server/ui-dist server/ui-dist
COPY schema schema
COPY scenarios scenarios
RUN mkdir -p /scenarios /app/.node-compile-cache && chown node:node /scenarios /app/.node-compile-cache
# the tokenizers' images (node_modules/.cache/aoai-sim, 65 MB): a start restores o200k_base in about 0.1 s instead
# of building it in 0.5 s, with or without cl100k_base (docs/performance.md, start-up). Made by root, read by all.
RUN node server/dist/aoai-sim.cjs prepare
USER node
# Node's compile cache, filled here by loading the bundle (--version does, then exits): a container's start reads
# V8's code from it instead of compiling the bundle again (docs/performance.md, start-up). As the user and with
# the flags of the ENTRYPOINT below, which the cache is keyed by.
RUN node --v8-pool-size=0 server/dist/aoai-sim.cjs --version
EXPOSE 8080
# http first; a simulator serving TLS (AOAI_SIM_TLS, server.tls) drops a plain request, and https is tried
# then, without checking its self-signed certificate: the check asks only whether the simulator answers
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s \
  CMD ["node", "-e", "const p=process.env.AOAI_SIM_PORT||8080;const go=(m,next)=>require(m).get({host:'127.0.0.1',port:p,path:'/healthz',rejectUnauthorized:false,timeout:2500},r=>process.exit(r.statusCode===200?0:1)).on('error',next);go('http',()=>go('https',()=>process.exit(1)))"]
# V8's helper threads sized to the CPUs the container may use, not a fixed four: on one or two cores, four
# garbage-collector threads took the core from the event loop for 10-35 ms at a time (docs/performance.md)
# (NODE_OPTIONS=--enable-source-maps maps a stack trace to the sources, through aoai-sim.cjs.map)
ENTRYPOINT ["node", "--v8-pool-size=0", "server/dist/aoai-sim.cjs"]
