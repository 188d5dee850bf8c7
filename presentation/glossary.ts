// The glossary of every output: the fixed terms in English and Japanese, one definition shared with the rules (analyzers/shared/glossary.ts, where each term says where its spelling comes from).
export * from '../analyzers/shared/glossary.js';
