// The signing types live in src-shared (the renderer shows the same reports); this re-export keeps the
// src-main/signing imports short.
export type * from '../../src-shared/signing/types';
