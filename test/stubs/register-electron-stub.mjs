// Loaded with `node --import`: makes `import ... from 'electron'` resolve to the stand-in.
import { register } from 'node:module';

register('./electron-loader.mjs', import.meta.url);
