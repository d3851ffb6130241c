export * from "./storage";
export { LocalStorage } from "./local-driver";
export { S3Storage, type S3StorageConfig } from "./s3-driver";
