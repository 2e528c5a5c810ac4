export * from './data/datasets';
