/**
 * A WAV whose `fmt ` chunk claims more bytes than the file holds is a truncated header, named as
 * such with the file — never read past the end of the bytes it was given, where whatever happens
 * to follow in memory (a pooled Buffer, a larger ArrayBuffer) would be taken for the format and
 * give a misleading "unsupported 6-bit PCM".
 *
 * Layout (RIFF spec): "RIFF" size "WAVE" (12 bytes), then the `fmt ` chunk header (8 bytes: id,
 * size), so the fmt body starts at byte 20: formatTag 20–21, channels 22–23, rate 24–27,
 * byteRate 28–31, blockAlign 32–33, bitsPerSample 34–35; EXTENSIBLE adds cbSize 36–37,
 * validBits 38–39, channelMask 40–43 and the sub-format GUID 44–59. A plain file's data chunk
 * header is at 36, an EXTENSIBLE one's at 60.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeWav } from "../../src/audio/decodeWav.js";
import { encodeWav } from "../../src/audio/encodeWav.js";
import { readAudio } from "../../src/audio/readAudio.js";
import { InputError } from "../../src/errors.js";
import { tmpFolder } from "../helpers/tmp.js";
import { inputErrorOf } from "../helpers/errors.js";

const dir = tmpFolder({}, "chordtrain-wavheader-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plain = encodeWav([new Float32Array(64)], { sampleRate: 8000, encoding: "pcm16" });
const extensible = encodeWav([new Float32Array(64)], { sampleRate: 8000, encoding: "pcm16", extensible: true });

/** `bytes` cut to `length` as a view into a larger buffer whose next bytes claim 6-bit PCM. */
function cutInsideLargerBuffer(bytes: Uint8Array, length: number): Uint8Array {
  const backing = Uint8Array.from(bytes);
  backing[34] = 6; // bitsPerSample of the plain fmt body, beyond the cut
  backing[35] = 0;
  return backing.subarray(0, length);
}

describe("a fmt chunk that runs past the end of the file", () => {
  it("the fixtures are what the comment says", () => {
    expect(String.fromCharCode(...plain.subarray(12, 16))).toBe("fmt ");
    expect(new DataView(plain.buffer).getUint32(16, true)).toBe(16);
    expect(String.fromCharCode(...plain.subarray(36, 40))).toBe("data");
    expect(new DataView(extensible.buffer).getUint32(16, true)).toBe(40);
    expect(String.fromCharCode(...extensible.subarray(60, 64))).toBe("data");
  });

  // Every cut inside the 16 bytes of a plain fmt body: 20 + k bytes hold k of them.
  it.each(Array.from({ length: 16 }, (_, k) => k))("plain fmt, %i of its 16 body bytes present", (k) => {
    const err = inputErrorOf(() => decodeWav(cutInsideLargerBuffer(plain, 20 + k), { file: "dir/cut.wav" }));
    expect(err.message).toBe(`dir/cut.wav: truncated header: 'fmt ' chunk has ${k} of 16 bytes`);
  });

  // Cuts inside the EXTENSIBLE part (bytes 36..59): the message gives the bytes present, not the size claimed.
  it.each([16, 18, 24, 39])("EXTENSIBLE fmt, %i of its 40 body bytes present", (k) => {
    const err = inputErrorOf(() => decodeWav(extensible.subarray(0, 20 + k), { file: "dir/cut.wav" }));
    expect(err.message).toBe(`dir/cut.wav: truncated header: EXTENSIBLE 'fmt ' chunk has ${k} of 40 bytes`);
  });

  it("a fmt size field claiming 1000 bytes in a complete small file: truncated header, no data chunk found", () => {
    const bytes = Uint8Array.from(plain);
    new DataView(bytes.buffer).setUint32(16, 1000, true);
    const err = inputErrorOf(() => decodeWav(bytes, { file: "dir/big.wav" }));
    expect(err.message).toBe(`dir/big.wav: truncated header (${bytes.length} bytes): no 'data' chunk found`);
  });

  it("read from disk, the error names the file's path and says truncated header", async () => {
    const path = join(dir, "Let It Be (cut).wav");
    writeFileSync(path, plain.subarray(0, 34)); // 14 of the 16 fmt body bytes: bitsPerSample missing
    const err = await readAudio(path, { sampleRate: 22050, resampler: "sinc-fastest" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`${path}: truncated header: 'fmt ' chunk has 14 of 16 bytes`);
  });
});
