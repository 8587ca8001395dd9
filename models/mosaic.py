"""Writes a square mosaic of mirrored copies of a small 8-bit TIFF (deflate or uncompressed strips) as one
uncompressed 8-bit TIFF: large test images of real content with no seam through an object, without
committing them (the README's memory-against-image-size table used the nuclei sample at 1024, 4096 and 16384).

    python3 models/mosaic.py models/samples/nuclei-00071198d059ba7f.tif 16384 big/mosaic16k.tif   (needs numpy)
"""
import struct
import sys
import zlib

import numpy as np


def read_tiff(path):
    """The first image of a little-endian 8-bit grey TIFF with strips, raw or deflate."""
    b = open(path, 'rb').read()
    if b[:2] != b'II':
        raise SystemExit(path + ': only little-endian TIFFs are read')
    ifd = struct.unpack('<I', b[4:8])[0]
    tags = {}
    for i in range(struct.unpack('<H', b[ifd:ifd + 2])[0]):
        tag, typ, count, value = struct.unpack('<HHII', b[ifd + 2 + 12 * i: ifd + 14 + 12 * i])
        if typ not in (3, 4):  # SHORT and LONG are all this needs
            continue
        size, fmt = (2, 'H') if typ == 3 else (4, 'I')
        if size * count <= 4:
            values = list(struct.unpack('<%d%s' % (count, fmt), struct.pack('<I', value)[:size * count]))
        else:
            values = list(struct.unpack('<%d%s' % (count, fmt), b[value:value + size * count]))
        tags[tag] = values
    width, height = tags[256][0], tags[257][0]
    if tags.get(258, [8])[0] != 8:
        raise SystemExit(path + ': not 8-bit')
    deflate = tags.get(259, [1])[0] in (8, 32946)
    strips = [b[o:o + c] for o, c in zip(tags[273], tags[279])]
    data = b''.join(zlib.decompress(s) if deflate else s for s in strips)
    return np.frombuffer(data, np.uint8)[:width * height].reshape(height, width)


def write_tiff(path, image):
    """One uncompressed strip, the directory after the pixels."""
    height, width = image.shape
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height)]
    with open(path, 'wb') as f:
        f.write(b'II' + struct.pack('<HI', 42, 8 + width * height))
        for row in range(0, height, 1024):
            f.write(image[row:row + 1024].tobytes())
        f.write(struct.pack('<H', len(entries)))
        for tag, typ, count, value in entries:
            f.write(struct.pack('<HHII', tag, typ, count, value))
        f.write(struct.pack('<I', 0))


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    tile = read_tiff(sys.argv[1])
    side = int(sys.argv[2])
    pair = np.concatenate([tile, tile[:, ::-1]], axis=1)
    block = np.concatenate([pair, pair[::-1, :]], axis=0)  # mirrored: neighbours meet at equal edges
    reps = -(-side // block.shape[0]), -(-side // block.shape[1])
    write_tiff(sys.argv[3], np.ascontiguousarray(np.tile(block, reps)[:side, :side]))


if __name__ == '__main__':
    main()
