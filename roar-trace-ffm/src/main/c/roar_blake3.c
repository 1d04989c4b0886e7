// roar's entry points into the official BLAKE3 C implementation (the sources Debian ships in
// librust-blake3-dev). blake3.c is included, not linked, because splitting one large file across
// threads needs the chaining value of a subtree, and the helpers that compute it are static there.
// Java decides the tree shape (aligned, power-of-two subtrees) and joins the subtrees' values.
#include "blake3.c"

// The 32-byte digest of a whole input (the root of its tree).
void roar_blake3_hash(const uint8_t *input, size_t input_len, uint8_t out[BLAKE3_OUT_LEN]) {
  blake3_hasher hasher;
  blake3_hasher_init(&hasher);
  blake3_hasher_update(&hasher, input, input_len);
  blake3_hasher_finalize(&hasher, out, BLAKE3_OUT_LEN);
}

// The chaining value of the subtree holding input, whose first chunk is chunk number chunk_counter
// of the whole input. Never the root: the caller joins subtrees with roar_blake3_parent.
void roar_blake3_subtree_cv(const uint8_t *input, size_t input_len, uint64_t chunk_counter,
                            uint8_t cv[BLAKE3_OUT_LEN]) {
  output_t output;
  if (input_len <= BLAKE3_CHUNK_LEN) {
    blake3_chunk_state chunk;
    chunk_state_init(&chunk, IV, 0);
    chunk.chunk_counter = chunk_counter;
    chunk_state_update(&chunk, input, input_len);
    output = chunk_state_output(&chunk);
  } else {
    uint8_t children[BLAKE3_BLOCK_LEN];
    compress_subtree_to_parent_node(input, input_len, IV, chunk_counter, 0, children);
    output = parent_output(children, IV, 0);
  }
  output_chaining_value(&output, cv);
}

// The parent of two adjacent subtrees: its chaining value, or the digest when it is the root.
void roar_blake3_parent(const uint8_t left[BLAKE3_OUT_LEN], const uint8_t right[BLAKE3_OUT_LEN], int root,
                        uint8_t out[BLAKE3_OUT_LEN]) {
  uint8_t block[BLAKE3_BLOCK_LEN];
  memcpy(block, left, BLAKE3_OUT_LEN);
  memcpy(block + BLAKE3_OUT_LEN, right, BLAKE3_OUT_LEN);
  output_t output = parent_output(block, IV, 0);
  if (root) {
    output_root_bytes(&output, 0, out, BLAKE3_OUT_LEN);
  } else {
    output_chaining_value(&output, out);
  }
}
