// Old path of app/host/ipc-contract.ts, kept only for a type import in another lane (renderer/src/App.svelte); delete once it imports app/host/ipc-contract.js.
export type * from './host/ipc-contract.js';
