export * from './locale';
export * from './messages';
export * from './nomenclature';
export * from './use-messages';
