// esbuild bundles the stylesheets the page imports; TypeScript only needs to know they are modules
declare module '*.css';
