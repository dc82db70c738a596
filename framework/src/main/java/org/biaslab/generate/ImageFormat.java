package org.biaslab.generate;

import java.util.Optional;

/** Encodings a generator may return, recognised by their leading bytes (never by a file name). */
public enum ImageFormat {
    PNG("png", "image/png"),
    JPEG("jpg", "image/jpeg");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String extension;
    private final String mediaType;

    ImageFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** File extension without the dot: {@code png}, {@code jpg}. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format whose signature starts {@code bytes}: PNG (8-byte signature) or JPEG (FF D8 FF). */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (bytes.length >= PNG_MAGIC.length) {
            boolean png = true;
            for (int i = 0; i < PNG_MAGIC.length; i++) {
                png &= bytes[i] == PNG_MAGIC[i];
            }
            if (png) {
                return Optional.of(PNG);
            }
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        return Optional.empty();
    }

    /** The format named by an extension or name, case-insensitive ({@code png}, {@code jpg}, {@code jpeg}). */
    public static Optional<ImageFormat> named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "png" -> Optional.of(PNG);
            case "jpg", "jpeg" -> Optional.of(JPEG);
            default -> Optional.empty();
        };
    }
}
