// The system libcrypto (OpenSSL 3), for what swift-crypto lacks: RSA-OAEP with SHA-384/512.
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include <openssl/x509.h>
