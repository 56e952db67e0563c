// aws-local-stepfunctions 3.0.0 is built for Node 22; on Node 20 every Task fails with
// "Promise.withResolvers is not a function" without this (run with NODE_OPTIONS=--require ./polyfill.cjs).
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
