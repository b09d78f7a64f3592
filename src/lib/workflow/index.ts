export * from './graph';
export * from './nodeTypes';
export * from './validate';
export * from './editing';
