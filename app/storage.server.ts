import { createStorage, type MediaStorage } from "#media/index";
import { getEnv } from "./env.server";

const g = globalThis as unknown as { __vagvalStorage?: MediaStorage };

/** The media storage the configuration asks for: a local folder in DATA_DIR by default, or S3. */
export function getStorage(): MediaStorage {
  if (g.__vagvalStorage) return g.__vagvalStorage;
  const env = getEnv();
  g.__vagvalStorage =
    env.STORAGE_DRIVER === "s3"
      ? createStorage({
          driver: "s3",
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          bucket: env.S3_BUCKET!,
          accessKeyId: env.S3_ACCESS_KEY_ID!,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
        })
      : createStorage({ driver: "local", dir: env.MEDIA_DIR });
  return g.__vagvalStorage;
}
