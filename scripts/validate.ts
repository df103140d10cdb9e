/**
 * `npm run validate`: the error tables behind docs/methodology/inference.md and docs/methodology/training.md.
 *   --no-cv   skip the leave-one-model-out refit (saves ~20 s)
 */
import { validateInference } from './validate-inference.js';
import { printTrainingValidation } from './validate-training.js';

process.stdout.write(validateInference({ crossValidate: !process.argv.includes('--no-cv') }) + '\n');
printTrainingValidation();
