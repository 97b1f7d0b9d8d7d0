/** Renderer or adapter names of software rasterisers (SwiftShader, llvmpipe…): no real GPU. No imports, so the bench's page code can use it. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;
