export * from './bibliography';
export * from './hover';
export * from './insert';
export * from './scan';
export * from './syntax';
