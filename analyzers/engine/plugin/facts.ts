// The facts an analysis establishes on a node, by the id of the fact analyzer
// that establishes them. The interface is empty here on purpose: each fact
// analyzer adds its own entry where its type is defined,
//
//   declare module '../../engine/plugin/facts.js' {
//     interface Facts { 'comm-paths': CommPath[] }
//   }
//
// so `ctx.fact('comm-paths')`, `needs: ['comm-paths']` and `node['comm-paths']`
// are checked by the compiler, and a misspelt id or a changed shape fails tsc.
// (The registry imports every fact analyzer, so every program that runs the
// engine sees them all.)
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Facts {}

export type FactId = keyof Facts;
