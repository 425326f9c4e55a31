import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// How every processor is started, per job or as a supervised server: as the unprivileged user (when the
/// agent is root), with no supplementary groups, in a process group of its own so that stopping it stops
/// whatever it started, and with only the environment given.
enum ProcessorLaunch {
    static func configuration(argv: [String], user: ProcessUser?, environment: [Environment.Key: String]) -> Configuration {
        var options = PlatformOptions()
        if let user {
            options.userID = user.uid
            options.groupID = user.gid
            options.supplementaryGroups = []
        }
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(2))]
        return Configuration(executable: .path(FilePath(argv[0])), arguments: Arguments(Array(argv.dropFirst())),
                             environment: .custom(environment), platformOptions: options)
    }

    /// The minimal PATH a processor gets.
    static let path = "/usr/local/bin:/usr/bin:/bin"
}
