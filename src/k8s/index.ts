export * from './model.js';
export { loadK8sFile, locateIn, parsePath, resolvePlain } from './loader.js';
export type { LoadK8sOptions } from './loader.js';
export { podSpecOf, containersOf, CORE_WORKLOAD_API_VERSIONS } from './workloads.js';
