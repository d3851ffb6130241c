/** A responsive ambassador photo: WebP with a JPEG fallback, explicit size to avoid layout shift. */
export function AmbassadorPhoto({
  id,
  photo,
  alt,
  sizes = "(min-width: 48rem) 320px, 90vw",
  loading = "lazy",
}: {
  id: number;
  photo: { key: string; width: number; height: number };
  alt: string;
  sizes?: string;
  loading?: "lazy" | "eager";
}) {
  const token = photo.key.split("/").pop();
  const base = `/media/ambassadorer/${id}/${token}`;
  const widths = [160, 320, 640].filter((w, i) => w <= photo.width || i === 0);
  const srcset = (ext: string) => widths.map((w) => `${base}/${w}.${ext} ${Math.min(w, photo.width)}w`).join(", ");
  const fallback = widths.includes(320) ? 320 : widths[widths.length - 1];
  return (
    <picture>
      <source type="image/webp" srcSet={srcset("webp")} sizes={sizes} />
      <img
        src={`${base}/${fallback}.jpg`}
        srcSet={srcset("jpg")}
        sizes={sizes}
        width={photo.width}
        height={photo.height}
        alt={alt}
        loading={loading}
        decoding="async"
        className="photo"
      />
    </picture>
  );
}
