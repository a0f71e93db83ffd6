/** The project's seeded PRNG, so a failing random test can be replayed exactly. */
export { mulberry32 } from '../../src/core/random';
