-- Pure-Lua SHA-256 (Lua 5.1 + LuaBitOp). Redis scripting only offers redis.sha1hex, but the
-- event store's hash chain (tamper evidence) is specified as SHA-256. Inputs are short (two hex
-- digests plus a version), so clarity beats speed. Prepended to other scripts: locals only.
local sha256_K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

-- Compresses the 64-byte block of string s starting at index i into state H (in place).
-- Bit ops return signed 32-bit numbers; sums (at most 5 terms, exact in doubles) go through tobit.
local function sha256_block(H, s, i, W)
  local band, bxor, bnot, rshift, ror, tobit = bit.band, bit.bxor, bit.bnot, bit.rshift, bit.ror, bit.tobit
  for j = 1, 16 do
    local b1, b2, b3, b4 = string.byte(s, i, i + 3)
    W[j] = tobit(b1 * 16777216 + b2 * 65536 + b3 * 256 + b4)
    i = i + 4
  end
  for j = 17, 64 do
    local w15, w2 = W[j - 15], W[j - 2]
    local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
    local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
    W[j] = tobit(W[j - 16] + s0 + W[j - 7] + s1)
  end
  local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
  for j = 1, 64 do
    local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
    local ch = bxor(band(e, f), band(bnot(e), g))
    local t1 = tobit(h + S1 + ch + sha256_K[j] + W[j])
    local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
    local maj = bxor(band(a, b), band(a, c), band(b, c))
    h, g, f, e, d, c, b = g, f, e, tobit(d + t1), c, b, a
    a = tobit(t1 + S0 + maj)
  end
  H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
  H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

-- Returns the 64-char lowercase hex SHA-256 digest of the Lua string `message` (any bytes).
local function sha256_hex(message)
  local H = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }
  local W, len = {}, #message
  local full = len - len % 64
  for i = 1, full, 64 do sha256_block(H, message, i, W) end
  -- Padding: 0x80, zeros, then the bit length as a 64-bit big-endian integer (only the tail is copied).
  local bits, lenbytes = len * 8, {}
  for k = 8, 1, -1 do
    lenbytes[k] = string.char(bits % 256)
    bits = math.floor(bits / 256)
  end
  local tail = table.concat({ string.sub(message, full + 1), "\128",
    string.rep("\0", (55 - (len - full)) % 64), table.concat(lenbytes) })
  for i = 1, #tail, 64 do sha256_block(H, tail, i, W) end
  local out = {}
  for k = 1, 8 do out[k] = bit.tohex(H[k], 8) end
  return table.concat(out)
end
