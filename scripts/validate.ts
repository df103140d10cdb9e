/**
 * `npm run validate`: the error tables behind docs/methodology/inference.md and docs/methodology/training.md, and the
 * EcoLogits agreement grid and catalog coverage behind docs/methodology.md (EcoLogits section).
 *   --no-cv   skip the leave-one-model-out refit (saves ~20 s)
 */
import { validateInference } from './validate-inference.js';
import { printTrainingValidation } from './validate-training.js';
import { ecologitsAgreementGrid, formatEcologitsGrid } from './lib/ecologits-grid.js';

process.stdout.write(validateInference({ crossValidate: !process.argv.includes('--no-cv') }) + '\n');
printTrainingValidation();
process.stdout.write('\n' + formatEcologitsGrid(ecologitsAgreementGrid()) + '\n');
