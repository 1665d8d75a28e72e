package org.pathwayshub.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** A partner's SFTP server (Apache MINA SSHD) in the test JVM: password login, one folder tree on disk. */
final class SftpPeer implements AutoCloseable {

    static final String USER = "pathways-hub";
    static final String PASSWORD = "sftp-password-not-secret";

    private final SshServer server;
    private final Path root;

    SftpPeer(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling("sftp-host-key.ser")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
    }

    int port() {
        return server.getPort();
    }

    /** A folder on the server, as the partner sees it. */
    Path folder(String path) throws IOException {
        return Files.createDirectories(root.resolve(path));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
