// tfjs-core 4.x's own specs of tf.softmax and tf.logSoftmax, as published in
// its package, after the set-up (imported first, so it runs first).
import './setup.js';
import '@tensorflow/tfjs-core/dist/ops/softmax_test.js';
import '@tensorflow/tfjs-core/dist/ops/log_softmax_test.js';
