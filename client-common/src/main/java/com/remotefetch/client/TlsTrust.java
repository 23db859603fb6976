package com.remotefetch.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.CertificatePinner;
import okhttp3.OkHttpClient;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/**
 * How the agent and the admin tools trust the server: the platform's CAs always, plus an extra CA file, plus an
 * optional pin of the server certificate's public key (SHA-256, base64, as OkHttp pins).
 */
public record TlsTrust(Path caFile, String pinSha256) {
    private static final Pattern CERT = Pattern.compile("-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", Pattern.DOTALL);

    public static TlsTrust platform() {
        return new TlsTrust(null, null);
    }

    public OkHttpClient.Builder apply(OkHttpClient.Builder builder, String host) throws IOException {
        if (caFile != null) {
            HandshakeCertificates.Builder trust = new HandshakeCertificates.Builder().addPlatformTrustedCertificates();
            Matcher m = CERT.matcher(Files.readString(caFile));
            int n = 0;
            while (m.find()) {
                X509Certificate ca = Certificates.decodeCertificatePem(m.group());
                trust.addTrustedCertificate(ca);
                n++;
            }
            if (n == 0) {
                throw new IOException(caFile + " holds no PEM certificate");
            }
            HandshakeCertificates certificates = trust.build();
            builder.sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager());
        }
        if (pinSha256 != null && !pinSha256.isBlank()) {
            String pin = pinSha256.startsWith("sha256/") ? pinSha256 : "sha256/" + pinSha256;
            builder.certificatePinner(new CertificatePinner.Builder().add(host, pin).build());
        }
        return builder;
    }
}
