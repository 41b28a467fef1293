{
  "targets": [
    {
      "target_name": "tile_jpeg",
      "sources": ["src/tile_jpeg.c"],
      "cflags": ["-O2", "-Wall"],
      "libraries": ["-ljpeg"]
    }
  ]
}
