/*
 * tile_jpeg: encodes batches of small RGBA tiles to baseline JPEG with the system's libjpeg-turbo
 * (libjpeg API), off the JS thread (one napi_async_work per batch, on libuv's pool).
 *
 * Why: sharp spends about 0.45 ms of set-up per 256 px tile (a libvips pipeline per image) around
 * 0.2 ms of actual JPEG coding; here a batch of tiles costs one call. Settings are those of
 * sharp's `jpeg({ quality, optimiseCoding, chromaSubsampling: '4:2:0' })` (no JFIF marker, 4:2:0,
 * integer DCT, standard tables scaled by quality), so the bytes are the same (tested).
 *
 * JS: encode(tiles: Uint8Array[], width, height, quality, optimize) -> Promise<Buffer[]>.
 * Alpha is ignored (input read as RGBX).
 */
#include <node_api.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
} error_mgr;

static void on_error(j_common_ptr cinfo) {
  error_mgr *err = (error_mgr *)cinfo->err;
  (*cinfo->err->format_message)(cinfo, err->message);
  longjmp(err->jump, 1);
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref inputs; /* keeps the input array (and its buffers) alive */
  size_t count;
  const unsigned char **pixels;
  unsigned char **out;
  unsigned long *out_size;
  int width, height, quality, optimize;
  char error[JMSG_LENGTH_MAX + 64];
} batch_t;

static int encode_one(batch_t *b, size_t k) {
  struct jpeg_compress_struct cinfo;
  error_mgr jerr;
  unsigned char *mem = NULL;
  unsigned long mem_size = 0;
  cinfo.err = jpeg_std_error(&jerr.pub);
  jerr.pub.error_exit = on_error;
  if (setjmp(jerr.jump)) {
    snprintf(b->error, sizeof b->error, "tile %zu: %s", k, jerr.message);
    jpeg_destroy_compress(&cinfo);
    free(mem);
    return 0;
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &mem, &mem_size);
  cinfo.image_width = (JDIMENSION)b->width;
  cinfo.image_height = (JDIMENSION)b->height;
  cinfo.input_components = 4;
  cinfo.in_color_space = JCS_EXT_RGBX;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, b->quality, TRUE);
  cinfo.optimize_coding = b->optimize ? TRUE : FALSE;
  /* No JFIF APP0 marker: sharp strips it with the rest of the metadata. */
  cinfo.write_JFIF_header = FALSE;
  /* 4:2:0 (the default of jpeg_set_defaults for YCbCr, said explicitly) */
  cinfo.comp_info[0].h_samp_factor = 2;
  cinfo.comp_info[0].v_samp_factor = 2;
  cinfo.comp_info[1].h_samp_factor = 1;
  cinfo.comp_info[1].v_samp_factor = 1;
  cinfo.comp_info[2].h_samp_factor = 1;
  cinfo.comp_info[2].v_samp_factor = 1;
  jpeg_start_compress(&cinfo, TRUE);
  const unsigned char *px = b->pixels[k];
  const size_t stride = (size_t)b->width * 4;
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = (JSAMPROW)(px + cinfo.next_scanline * stride);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  b->out[k] = mem;
  b->out_size[k] = mem_size;
  return 1;
}

static void execute(napi_env env, void *data) {
  (void)env;
  batch_t *b = (batch_t *)data;
  for (size_t k = 0; k < b->count; k++)
    if (!encode_one(b, k)) return;
}

static void free_batch(napi_env env, batch_t *b) {
  if (b->out)
    for (size_t k = 0; k < b->count; k++) free(b->out[k]);
  free(b->out);
  free(b->out_size);
  free((void *)b->pixels);
  if (b->inputs) napi_delete_reference(env, b->inputs);
  free(b);
}

static void finalize_output(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static void complete(napi_env env, napi_status status, void *data) {
  batch_t *b = (batch_t *)data;
  napi_value result;
  if (status != napi_ok || b->error[0]) {
    napi_value msg, err;
    napi_create_string_utf8(env, b->error[0] ? b->error : "tile_jpeg: batch cancelled", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_reject_deferred(env, b->deferred, err);
  } else {
    napi_create_array_with_length(env, b->count, &result);
    for (size_t k = 0; k < b->count; k++) {
      napi_value buf;
      /* The buffer owns libjpeg's output (malloc'd by jpeg_mem_dest): no copy. */
      napi_create_external_buffer(env, b->out_size[k], b->out[k], finalize_output, NULL, &buf);
      b->out[k] = NULL;
      napi_set_element(env, result, (uint32_t)k, buf);
    }
    napi_resolve_deferred(env, b->deferred, result);
  }
  napi_delete_async_work(env, b->work);
  free_batch(env, b);
}

#define CHECK(call)                                                                           \
  if ((call) != napi_ok) {                                                                    \
    napi_throw_error(env, NULL, "tile_jpeg: internal error in " #call);                       \
    if (b) free_batch(env, b);                                                                \
    return NULL;                                                                              \
  }

static napi_value encode(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  batch_t *b = NULL;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 5) {
    napi_throw_type_error(env, NULL, "tile_jpeg.encode(tiles, width, height, quality, optimize)");
    return NULL;
  }
  bool is_array = false;
  CHECK(napi_is_array(env, argv[0], &is_array));
  if (!is_array) {
    napi_throw_type_error(env, NULL, "tile_jpeg.encode: tiles must be an array of Uint8Array");
    return NULL;
  }
  b = calloc(1, sizeof *b);
  if (!b) {
    napi_throw_error(env, NULL, "tile_jpeg: out of memory");
    return NULL;
  }
  uint32_t count = 0;
  bool optimize = false;
  CHECK(napi_get_array_length(env, argv[0], &count));
  CHECK(napi_get_value_int32(env, argv[1], &b->width));
  CHECK(napi_get_value_int32(env, argv[2], &b->height));
  CHECK(napi_get_value_int32(env, argv[3], &b->quality));
  CHECK(napi_get_value_bool(env, argv[4], &optimize));
  b->optimize = optimize;
  if (b->width <= 0 || b->height <= 0 || b->width > 65500 || b->height > 65500 || b->quality < 1 ||
      b->quality > 100) {
    free_batch(env, b);
    napi_throw_range_error(env, NULL, "tile_jpeg.encode: bad width, height or quality");
    return NULL;
  }
  b->count = count;
  b->pixels = calloc(count ? count : 1, sizeof *b->pixels);
  b->out = calloc(count ? count : 1, sizeof *b->out);
  b->out_size = calloc(count ? count : 1, sizeof *b->out_size);
  if (!b->pixels || !b->out || !b->out_size) {
    free_batch(env, b);
    napi_throw_error(env, NULL, "tile_jpeg: out of memory");
    return NULL;
  }
  const size_t need = (size_t)b->width * (size_t)b->height * 4;
  for (uint32_t k = 0; k < count; k++) {
    napi_value el;
    bool typed = false;
    CHECK(napi_get_element(env, argv[0], k, &el));
    CHECK(napi_is_typedarray(env, el, &typed));
    napi_typedarray_type type;
    size_t length = 0;
    void *data = NULL;
    if (typed) CHECK(napi_get_typedarray_info(env, el, &type, &length, &data, NULL, NULL));
    if (!typed || type != napi_uint8_array || length != need) {
      char msg[128];
      snprintf(msg, sizeof msg, "tile_jpeg.encode: tile %u is not a Uint8Array of %zu RGBA bytes", k, need);
      free_batch(env, b);
      napi_throw_type_error(env, NULL, msg);
      return NULL;
    }
    b->pixels[k] = (const unsigned char *)data;
  }
  CHECK(napi_create_reference(env, argv[0], 1, &b->inputs));
  napi_value promise, name;
  CHECK(napi_create_promise(env, &b->deferred, &promise));
  CHECK(napi_create_string_utf8(env, "tile_jpeg.encode", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_async_work(env, NULL, name, execute, complete, b, &b->work));
  CHECK(napi_queue_async_work(env, b->work));
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn, version;
  napi_create_function(env, "encode", NAPI_AUTO_LENGTH, encode, NULL, &fn);
  napi_set_named_property(env, exports, "encode", fn);
  napi_create_int32(env, JPEG_LIB_VERSION, &version);
  napi_set_named_property(env, exports, "jpegLibVersion", version);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
