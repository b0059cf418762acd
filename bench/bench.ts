import { parseArgs } from 'node:util';
import { benchPull } from './pull.bench.js';
import { benchValidation } from './validate.bench.js';

/**
 * `npm run bench`: validation, then the pull. `-- --validation` or `-- --pull` runs one of them;
 * `-- --scale N` sizes the pull's MSP (sandbox scale; 1 is about 45 agreements and 3,800 time entries).
 */

const DEFAULT_SCALE = 10;

const { values } = parseArgs({
  options: {
    validation: { type: 'boolean', default: false },
    pull: { type: 'boolean', default: false },
    scale: { type: 'string', default: String(DEFAULT_SCALE) },
  },
});
const both = !values.validation && !values.pull;
const scale = Number(values.scale);
if (!(scale > 0)) throw new Error(`--scale must be a positive number, got ${values.scale}`);

if (both || values.validation) benchValidation();
if (both) console.log('');
if (both || values.pull) await benchPull(scale);
