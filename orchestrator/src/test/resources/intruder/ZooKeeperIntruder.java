import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Another user's ZooKeeper client, with no login: tries to create a znode and to list the root, and prints what
 * happened to each. Run by SlurmClusterIT with Java's source launcher on the runtime bundle's ZooKeeper jars.
 */
public class ZooKeeperIntruder {
    public static void main(String[] args) throws Exception {
        ZooKeeper zk = new ZooKeeper(args[0], 10_000, e -> { });
        try {
            zk.create("/intruder", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            System.out.println("created /intruder");
        } catch (Exception e) {
            System.out.println("create refused: " + e);
        }
        try {
            System.out.println("children of /: " + zk.getChildren("/", false));
        } catch (Exception e) {
            System.out.println("list refused: " + e);
        }
        zk.close();
    }
}
