/**
 * Loads TensorFlow.js (tfjs-core + tfjs-backend-cpu, their CommonJS builds) with its gradients registered.
 *
 * Why this is not just `require('@tensorflow/tfjs-core')`: tfjs-core's CommonJS bundle
 * (`dist/tf-core.node.js`, its `main`) contains the ops and `tf.grads` / `tf.variableGrads`, but not one
 * gradient function. They live only in the unbundled ES module `dist/register_all_gradients.js` (one file per
 * kernel under `dist/gradients/`), which the `@tensorflow/tfjs` union package imports and bundles. Without
 * it, `tf.variableGrads` throws "Cannot compute gradient: gradient function not found for Mean" (or MatMul,
 * Tanh, ...). And Node cannot import that file as shipped: it writes its relative imports without extensions
 * (`import ... from './gradients/Abs_grad'`), which bundlers resolve and Node's ES module loader refuses
 * (ERR_MODULE_NOT_FOUND).
 *
 * The fix: a synchronous resolve hook (`module.registerHooks`, Node ≥ 22.15) adds the missing `.js` to
 * relative imports made from inside tfjs-core's `dist/`, then `require()` loads `register_all_gradients.js`
 * (Node ≥ 22.12 requires ES modules). The gradient functions come from that ES module copy of tfjs-core's
 * ops; they share the CommonJS copy's engine and registries because tfjs keeps its engine, kernel registry
 * and gradient registry on `globalThis` precisely so that several copies of the package cooperate. The
 * kernels that run are the CPU backend's either way.
 */

import * as nodeModule from 'node:module';
import process from 'node:process';
import { URL, pathToFileURL } from 'node:url';

/**
 * @returns {Promise<any>} the `tf` namespace, on the 'cpu' backend, in production mode (no debug checks).
 */
export async function loadTensorFlow() {
  if (typeof nodeModule.registerHooks !== 'function') {
    throw new Error(
      `The benchmark needs Node ≥ 22.15 (module.registerHooks); this is ${process.version}. ` +
        "Run it with npm run bench from the repository root, which uses the repository's Node 24.",
    );
  }
  const require = nodeModule.createRequire(import.meta.url);
  const coreDist = new URL(
    '.',
    pathToFileURL(require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')),
  ).href;
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (
        context.parentURL?.startsWith(coreDist) &&
        specifier.startsWith('.') &&
        !specifier.endsWith('.js')
      ) {
        return nextResolve(`${specifier}.js`, context);
      }
      return nextResolve(specifier, context);
    },
  });
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  require('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}
